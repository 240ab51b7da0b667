namespace OrleansChat.Bench.Load.Reporting;

/// <summary>The phases one scenario ran against one server (the chat server or the raw baseline).</summary>
/// <param name="Target"><c>chat</c> or <c>baseline</c>.</param>
/// <param name="Clients">Clients connected (and joined) for the run.</param>
/// <param name="SetupSeconds">Time to connect and join them.</param>
/// <param name="Phases">The measured phases, in order.</param>
/// <param name="Figures">Scenario-specific figures (e.g. server RSS), by name.</param>
/// <param name="Notes">What went wrong or deserves a word: failures, first errors.</param>
internal sealed record TargetRun(
    string Target,
    int Clients,
    double SetupSeconds,
    IReadOnlyList<PhaseResult> Phases,
    IReadOnlyDictionary<string, double> Figures,
    IReadOnlyList<string> Notes);

using OrleansChat.Bench.Load.Reporting;

namespace OrleansChat.Bench.Load.Scenarios;

/// <summary>A load scenario whose flags are already parsed: it starts its servers, drives them and reports.</summary>
internal interface IScenario
{
    string Name { get; }

    /// <summary>The effective counts, rates and durations, for the report.</summary>
    IReadOnlyDictionary<string, string> Settings { get; }

    Task<ScenarioOutcome> RunAsync(ScenarioContext context, CancellationToken cancellationToken);
}

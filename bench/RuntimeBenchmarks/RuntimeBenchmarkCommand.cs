using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace OrleansChat.Bench.RuntimeBenchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench -- runtime [BenchmarkDotNet options]</c>: the grain runtime micro-benchmarks
/// (e.g. <c>--job short</c> for a quick run, <c>--filter *Stream*</c> for one class). They run in process (the bench
/// assembly is not named after its project, which BenchmarkDotNet's out-of-process build needs); artifacts go under bin/.
/// </summary>
public static class RuntimeBenchmarkCommand
{
    public static int Run(string[] args)
    {
        var arguments = args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase) ? args : [.. args, "--inProcess"];
        var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
        var summaries = BenchmarkSwitcher.FromTypes([typeof(GrainCallBenchmarks), typeof(StreamBenchmarks)]).RunAll(config, arguments);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}

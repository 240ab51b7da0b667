using OrleansChat.Bench.Load.Baseline;
using OrleansChat.Bench.Load.Options;
using OrleansChat.Bench.Load.Reporting;
using OrleansChat.Bench.Load.Scenarios;
using OrleansChat.Bench.Load.Servers;
using Spectre.Console;

namespace OrleansChat.Bench.Load;

/// <summary>
/// <c>bench load &lt;scenario&gt; [options]</c>: parses the flags, runs the scenario(s) with a live progress display,
/// prints the summary and writes <c>&lt;scenario&gt;.json</c> and <c>.svg</c>. Exit codes: 0 ran (whether or not targets
/// were met), 1 failed, 2 bad command line, 130 cancelled.
/// </summary>
internal static class LoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        LoadArguments arguments;
        try
        {
            arguments = LoadArguments.Parse(args);
        }
        catch (BenchUsageException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message + Environment.NewLine + Environment.NewLine + LoadUsage.Text).ConfigureAwait(false);
            return 2;
        }

        try
        {
            switch (arguments.Scenario)
            {
                case "help" or "--help" or "-h":
                    Console.WriteLine(LoadUsage.Text);
                    return 0;
                case "baseline-server":
                    return await BaselineServer.RunAsync(arguments).ConfigureAwait(false);
                default:
                    return await RunScenariosAsync(arguments).ConfigureAwait(false);
            }
        }
        catch (BenchUsageException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }
    }

    private static async Task<int> RunScenariosAsync(LoadArguments args)
    {
        var quick = args.Switch("quick");
        var interactive = ProgressDisplay.IsInteractive(args.Switch("plain"));
        var outDirectory = args.String("out") ?? (quick ? Path.Combine(Path.GetTempPath(), "orleanschat-bench-quick") : RepoPaths.DefaultResultsDirectory());
        var servers = ServerOptions.From(args);
        IReadOnlyList<IScenario> scenarios = args.Scenario switch
        {
            "fanout" => [FanoutScenario.Create(args, quick, baselineOnly: false)],
            "baseline" => [FanoutScenario.Create(args, quick, baselineOnly: true)],
            "rooms" => [RoomsScenario.Create(args, quick)],
            "connections" => [ConnectionsScenario.Create(args, quick)],
            "join" => [JoinScenario.Create(args, quick)],
            "cluster" => [ClusterScenario.Create(args, quick)],
            "all" => [FanoutScenario.Create(args, quick, baselineOnly: false), RoomsScenario.Create(args, quick), ConnectionsScenario.Create(args, quick), JoinScenario.Create(args, quick), ClusterScenario.Create(args, quick)],
            _ => throw new BenchUsageException($"Unknown scenario '{args.Scenario}'.{Environment.NewLine}{Environment.NewLine}{LoadUsage.Text}"),
        };
        args.ThrowIfUnused();

        if (Console.IsOutputRedirected)
        {
            // A log file or a test reads this: no colours, links or cursor moves, and wide enough for the tables.
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
            AnsiConsole.Profile.Width = 200;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var command = "bench load " + string.Join(' ', args.Raw);
        var failed = false;
        foreach (var scenario in scenarios)
        {
            var progress = new ProgressState(scenario.Name);
            var started = DateTimeOffset.UtcNow;
            try
            {
                var outcome = await ProgressDisplay.RunAsync(progress, interactive, () => scenario.RunAsync(new ScenarioContext(servers, progress), cancel.Token)).ConfigureAwait(false);
                // A quick run's counts are far too small to say anything about the targets.
                var report = new BenchReport(scenario.Name, started, command, MachineInfo.Current(), scenario.Settings, outcome.Runs, quick ? [] : outcome.Checks);
                var files = await ResultsWriter.WriteAsync(report, outDirectory, cancel.Token).ConfigureAwait(false);
                SummaryTable.Write(report, files);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"{scenario.Name}: cancelled.").ConfigureAwait(false);
                return 130;
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or TimeoutException or System.ComponentModel.Win32Exception)
            {
                await Console.Error.WriteLineAsync($"{scenario.Name} failed: {ex.Message}").ConfigureAwait(false);
                failed = true;
            }
        }

        return failed ? 1 : 0;
    }
}

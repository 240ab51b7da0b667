using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OrleansChat.Bench.Load.Reporting;

/// <summary>
/// Shows a run while it works: a live Spectre.Console panel refreshed twice a second on a terminal, or a plain
/// progress line every two seconds (and on every stage change) when output is redirected or <c>--plain</c> is given.
/// </summary>
internal static class ProgressDisplay
{
    private static readonly TimeSpan LiveRefresh = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PlainRefresh = TimeSpan.FromSeconds(2);

    public static bool IsInteractive(bool plainRequested)
        => !plainRequested && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static async Task<T> RunAsync<T>(ProgressState state, bool interactive, Func<Task<T>> work)
    {
        var rates = new RateTracker();
        if (!interactive)
        {
            return await RunPlainAsync(state, rates, work).ConfigureAwait(false);
        }

        return await AnsiConsole.Live(Render(state, rates)).AutoClear(false).StartAsync(async context =>
        {
            var task = work();
            while (!task.IsCompleted)
            {
                await Task.WhenAny(task, Task.Delay(LiveRefresh)).ConfigureAwait(false);
                context.UpdateTarget(Render(state, rates));
            }

            return await task.ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static async Task<T> RunPlainAsync<T>(ProgressState state, RateTracker rates, Func<Task<T>> work)
    {
        var task = work();
        var printedVersion = -1;
        var printedNotes = 0;
        var lastLine = TimeSpan.Zero;
        while (!task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(250))).ConfigureAwait(false);
            foreach (var note in state.Notes.Skip(printedNotes))
            {
                Console.WriteLine($"  note: {note}");
                printedNotes++;
            }

            if (state.Version != printedVersion || state.Elapsed - lastLine >= PlainRefresh)
            {
                printedVersion = state.Version;
                lastLine = state.Elapsed;
                Console.WriteLine(PlainLine(state, rates));
            }
        }

        return await task.ConfigureAwait(false);
    }

    private static string PlainLine(ProgressState state, RateTracker rates)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"[{state.Title} {state.Elapsed.TotalSeconds,6:0.0}s] {state.Stage}");
        if (state.Recorder is not { } recorder)
        {
            return line;
        }

        var counters = recorder.Counters;
        var rate = rates.DeliveriesPerSecond(counters.Delivered);
        var latency = recorder.Measuring?.Latency;
        return line + string.Create(CultureInfo.InvariantCulture,
            $" | clients {counters.Connected - counters.StreamsEnded} | sent {counters.Sent} | delivered {counters.Delivered} ({rate:0}/s) | p50 {latency?.PercentileMilliseconds(50) ?? 0:0.00} p99 {latency?.PercentileMilliseconds(99) ?? 0:0.00} ms | rejected {counters.Rejected} | failed streams {counters.StreamsFailed}");
    }

    private static IRenderable Render(ProgressState state, RateTracker rates)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[bold]stage[/]", Markup.Escape(state.Stage));
        grid.AddRow("[bold]elapsed[/]", string.Create(CultureInfo.InvariantCulture, $"{state.Elapsed.TotalSeconds:0.0} s"));
        if (state.Recorder is { } recorder)
        {
            var counters = recorder.Counters;
            var latency = recorder.Measuring?.Latency;
            grid.AddRow("[bold]clients[/]", string.Create(CultureInfo.InvariantCulture, $"{counters.Connected - counters.StreamsEnded} open, {counters.StreamsFailed} failed"));
            grid.AddRow("[bold]sent[/]", string.Create(CultureInfo.InvariantCulture, $"{counters.Sent:N0} messages, {counters.Acks:N0} acked, {counters.Rejected:N0} rejected"));
            grid.AddRow("[bold]delivered[/]", string.Create(CultureInfo.InvariantCulture, $"{counters.Delivered:N0} ({rates.DeliveriesPerSecond(counters.Delivered):N0}/s)"));
            grid.AddRow("[bold]latency[/]", latency is null
                ? "-"
                : string.Create(CultureInfo.InvariantCulture, $"p50 {latency.PercentileMilliseconds(50):0.00} ms, p99 {latency.PercentileMilliseconds(99):0.00} ms, p99.9 {latency.PercentileMilliseconds(99.9):0.00} ms ({latency.Count:N0} samples)"));
            grid.AddRow("[bold]in flight[/]", string.Create(CultureInfo.InvariantCulture, $"{recorder.Tracker.Incomplete:N0} messages"));
        }

        foreach (var note in state.Notes.TakeLast(6))
        {
            grid.AddRow("[grey]note[/]", Markup.Escape(note));
        }

        return new Panel(grid).Header(Markup.Escape(state.Title)).Border(BoxBorder.Rounded);
    }

    /// <summary>Deliveries per second between two consecutive reads of the counter.</summary>
    private sealed class RateTracker
    {
        private long _lastCount;
        private long _lastTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();

        public double DeliveriesPerSecond(long count)
        {
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
            var rate = seconds > 0 ? (count - _lastCount) / seconds : 0;
            _lastCount = count;
            _lastTimestamp = now;
            return Math.Max(rate, 0);
        }
    }
}

using System.Globalization;
using Spectre.Console;

namespace OrleansChat.Bench.Load.Reporting;

/// <summary>Prints a report: one table of phases per target, its figures and notes, then the target checks.</summary>
internal static class SummaryTable
{
    public static void Write(BenchReport report, IReadOnlyList<string> files)
    {
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(report.Scenario)}[/] on {Markup.Escape(report.Machine.ToString())}");
        foreach (var run in report.Runs)
        {
            var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"{report.Scenario} / {run.Target}: {run.Clients:N0} clients, set up in {run.SetupSeconds:0.0} s"));
            foreach (var column in new[] { "phase", "offered/s", "delivered/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "sent", "skipped", "rejected", "undelivered", "server CPU %", "client CPU %", "other CPU %" })
            {
                table.AddColumn(new TableColumn(column).RightAligned());
            }

            foreach (var phase in run.Phases)
            {
                table.AddRow(
                    Markup.Escape(phase.Name),
                    phase.OfferedDeliveriesPerSecond is { } offered ? Format(offered, "N0") : "-",
                    Format(phase.DeliveriesPerSecond, "N0"),
                    Format(phase.Latency.P50, "0.00"),
                    Format(phase.Latency.P99, "0.00"),
                    Format(phase.Latency.P999, "0.00"),
                    Format(phase.Latency.Max, "0.0"),
                    Format(phase.Sent, "N0"),
                    Format(phase.Skipped, "N0"),
                    Format(phase.Rejected, "N0"),
                    Format(phase.Undelivered, "N0"),
                    phase.ServerCpuPercent is { } server ? Format(server, "0") : "-",
                    Format(phase.ClientCpuPercent, "0"),
                    phase.OtherCpuPercent is { } other ? Format(other, "0") : "-");
            }

            if (run.Phases.Count > 0)
            {
                AnsiConsole.Write(table);
            }

            foreach (var (name, value) in run.Figures)
            {
                AnsiConsole.MarkupLine($"  {Markup.Escape(run.Target)} · {Markup.Escape(name)}: [bold]{Format(value, "N1")}[/]");
            }

            foreach (var note in run.Notes)
            {
                AnsiConsole.MarkupLine($"  [yellow]{Markup.Escape(run.Target)} · {Markup.Escape(note)}[/]");
            }
        }

        if (report.Checks.Count > 0)
        {
            var checks = new Table().Border(TableBorder.Rounded).Title("targets");
            checks.AddColumn("target").AddColumn("wanted").AddColumn("measured").AddColumn("met");
            foreach (var check in report.Checks)
            {
                var met = check.Met switch
                {
                    true => "[green]yes[/]",
                    false => "[red]no[/]",
                    null => "[grey]n/a[/]",
                };
                checks.AddRow(Markup.Escape(check.Name), Markup.Escape(check.Target), Markup.Escape(check.Measured), met);
            }

            AnsiConsole.Write(checks);
        }

        foreach (var file in files)
        {
            AnsiConsole.MarkupLine($"  wrote {Markup.Escape(file)}");
        }
    }

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}

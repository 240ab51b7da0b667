using System.Globalization;
using System.Net;
using System.Text;

namespace OrleansChat.Bench.Load.Reporting;

/// <summary>
/// Draws latency percentiles (p50, p99, p99.9; log scale) against load (deliveries/s) for each target of a report,
/// as a self-contained SVG: axes, grid, one polyline per percentile and target (the baseline dashed). Open-loop
/// phases sit at their offered load; the saturation phase at the load it achieved (hollow marker).
/// </summary>
internal static class SvgChart
{
    private const int Width = 860;
    private const int Height = 500;
    private const int Left = 80;
    private const int Right = 200;
    private const int Top = 50;
    private const int Bottom = 70;

    private static readonly (string Label, string Color, Func<PhaseResult, double> Value)[] Percentiles =
    [
        ("p50", "#2b8a3e", p => p.Latency.P50),
        ("p99", "#e67700", p => p.Latency.P99),
        ("p99.9", "#c92a2a", p => p.Latency.P999),
    ];

    /// <summary>The SVG text, or null when no phase has latency samples.</summary>
    public static string? Render(BenchReport report)
    {
        var series = report.Runs
            .Select(run => (run.Target, Points: run.Phases
                .Where(p => p.Latency.Samples > 0 && p.Mode is "open" or "closed")
                .Select(p => (X: p.OfferedDeliveriesPerSecond ?? p.DeliveriesPerSecond, Phase: p))
                .OrderBy(p => p.X)
                .ToList()))
            .Where(s => s.Points.Count > 0)
            .ToList();
        if (series.Count == 0)
        {
            return null;
        }

        var maxX = NiceCeiling(series.Max(s => s.Points.Max(p => p.X)) * 1.05);
        var values = series.SelectMany(s => s.Points).SelectMany(p => Percentiles.Select(q => q.Value(p.Phase))).Where(v => v > 0).ToList();
        var minDecade = Math.Floor(Math.Log10(Math.Max(values.DefaultIfEmpty(0.1).Min(), 0.01)));
        var maxDecade = Math.Max(Math.Ceiling(Math.Log10(Math.Max(values.DefaultIfEmpty(1).Max(), 0.01))), minDecade + 1);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double Px(double x) => Left + (x / maxX * plotWidth);
        double Py(double ms) => Top + plotHeight - ((Math.Log10(Math.Max(ms, Math.Pow(10, minDecade))) - minDecade) / (maxDecade - minDecade) * plotHeight);

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(Invariant($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"28\" font-size=\"16\" font-weight=\"bold\">{Escape(report.Scenario)}: send-to-receive latency vs load</text>\n"));
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"44\" fill=\"#555\">{Escape(report.Machine.ToString())}</text>\n"));

        for (var decade = minDecade; decade <= maxDecade; decade++)
        {
            var y = Py(Math.Pow(10, decade));
            svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Left + plotWidth}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/>\n"));
            svg.Append(Invariant($"<text x=\"{Left - 8}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{FormatMs(Math.Pow(10, decade))}</text>\n"));
        }

        var step = NiceCeiling(maxX / 5);
        for (var x = 0.0; x <= maxX + 1e-9; x += step)
        {
            var px = Px(x);
            svg.Append(Invariant($"<line x1=\"{px:0.#}\" y1=\"{Top}\" x2=\"{px:0.#}\" y2=\"{Top + plotHeight}\" stroke=\"#eee\"/>\n"));
            svg.Append(Invariant($"<text x=\"{px:0.#}\" y=\"{Top + plotHeight + 18}\" text-anchor=\"middle\">{FormatCount(x)}</text>\n"));
        }

        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Left + plotWidth}\" y2=\"{Top + plotHeight}\" stroke=\"black\"/>\n"));
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotHeight}\" stroke=\"black\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Left + (plotWidth / 2)}\" y=\"{Height - 20}\" text-anchor=\"middle\">load (deliveries/s): offered, or achieved at saturation (hollow)</text>\n"));
        svg.Append(Invariant($"<text transform=\"translate(20,{Top + (plotHeight / 2)}) rotate(-90)\" text-anchor=\"middle\">latency (ms, log scale)</text>\n"));

        var legendY = Top + 10;
        foreach (var (target, points) in series)
        {
            var dash = target == "chat" ? string.Empty : " stroke-dasharray=\"6 4\"";
            foreach (var (label, color, value) in Percentiles)
            {
                var coordinates = string.Join(' ', points.Select(p => Invariant($"{Px(p.X):0.#},{Py(value(p.Phase)):0.#}")));
                svg.Append(Invariant($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"{dash} points=\"{coordinates}\"/>\n"));
                foreach (var (x, phase) in points)
                {
                    var fill = phase.Mode == "closed" ? "white" : color;
                    svg.Append(Invariant($"<circle cx=\"{Px(x):0.#}\" cy=\"{Py(value(phase)):0.#}\" r=\"4\" fill=\"{fill}\" stroke=\"{color}\" stroke-width=\"2\"/>\n"));
                }

                var lx = Left + plotWidth + 20;
                svg.Append(Invariant($"<line x1=\"{lx}\" y1=\"{legendY}\" x2=\"{lx + 30}\" y2=\"{legendY}\" stroke=\"{color}\" stroke-width=\"2\"{dash}/>\n"));
                svg.Append(Invariant($"<text x=\"{lx + 38}\" y=\"{legendY + 4}\">{Escape(target)} {label}</text>\n"));
                legendY += 20;
            }

            legendY += 8;
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static double NiceCeiling(double value)
    {
        if (value <= 0)
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        var normalized = value / magnitude;
        var nice = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 2.5 ? 2.5 : normalized <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private static string FormatMs(double ms) => ms >= 1 ? Invariant($"{ms:0} ms") : Invariant($"{ms:0.###} ms");

    private static string FormatCount(double value) => value >= 1000 ? Invariant($"{value / 1000:0.#}k") : Invariant($"{value:0}");

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansChat.Bench.Load.Reporting;

/// <summary>Writes a report as <c>&lt;dir&gt;/&lt;scenario&gt;.json</c> and, when it has latency, <c>&lt;scenario&gt;.svg</c>.</summary>
internal static class ResultsWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Returns the files written.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(BenchReport report, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        var json = Path.Combine(directory, report.Scenario + ".json");
        await using (var stream = File.Create(json))
        {
            await JsonSerializer.SerializeAsync(stream, report, JsonOptions, cancellationToken).ConfigureAwait(false);
        }

        written.Add(json);
        if (SvgChart.Render(report) is { } svg)
        {
            var path = Path.Combine(directory, report.Scenario + ".svg");
            await File.WriteAllTextAsync(path, svg, cancellationToken).ConfigureAwait(false);
            written.Add(path);
        }

        return written;
    }
}

using System.Runtime.InteropServices;

namespace OrleansChat.Bench.Load.Reporting;

/// <summary>The machine a run happened on, so figures are never read without it.</summary>
/// <param name="LoadAverage">The 1-minute load average when the report was written: above the core count means
/// other work competed with the run for CPU.</param>
internal sealed record MachineInfo(int LogicalCores, string Cpu, double MemoryGiB, string Os, string Runtime, double? LoadAverage)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        ReadProc("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Math.Round(ParseKib(ReadProc("/proc/meminfo", "MemTotal")) / 1024.0 / 1024.0, 1),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        ReadLoadAverage());

    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{LogicalCores} cores ({Cpu}), {MemoryGiB} GiB, {Os}, {Runtime}, load average {LoadAverage?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) ?? "?"}");

    private static double? ReadLoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.TryParse(first, System.Globalization.CultureInfo.InvariantCulture, out var load) ? load : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? ReadProc(string path, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith(key, StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
                {
                    return line[(colon + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    private static double ParseKib(string? text)
        => text is not null && double.TryParse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var kib) ? kib : 0;
}

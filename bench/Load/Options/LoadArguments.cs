using System.Globalization;

namespace OrleansChat.Bench.Load.Options;

/// <summary>
/// The command line of <c>bench load &lt;scenario&gt; [--flag value | --flag=value | --switch]…</c>. Values are read
/// with typed getters that take the default; <see cref="ThrowIfUnused"/> then rejects any flag nobody read, so a
/// typo fails the run instead of being ignored.
/// </summary>
internal sealed class LoadArguments
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private LoadArguments(string scenario, IReadOnlyList<string> raw)
    {
        Scenario = scenario;
        Raw = raw;
    }

    public string Scenario { get; }

    public IReadOnlyList<string> Raw { get; }

    public static LoadArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new BenchUsageException("Name a scenario first: fanout, rooms, connections, join, baseline, cluster or all.");
        }

        var result = new LoadArguments(args[0], args);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length < 3)
            {
                throw new BenchUsageException($"Unexpected argument '{arg}': options look like --name value.");
            }

            var name = arg[2..];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }

            if (!result._values.TryAdd(name, value))
            {
                throw new BenchUsageException($"Option --{name} is given twice.");
            }
        }

        return result;
    }

    public bool Has(string name)
    {
        _used.Add(name);
        return _values.ContainsKey(name);
    }

    public bool Switch(string name)
    {
        if (!Has(name))
        {
            return false;
        }

        return _values[name] switch
        {
            null or "true" => true,
            "false" => false,
            var other => throw new BenchUsageException($"--{name} takes no value or true/false, not '{other}'."),
        };
    }

    public string? String(string name) => Has(name) ? Required(name) : null;

    public string String(string name, string defaultValue) => String(name) ?? defaultValue;

    public int Int(string name, int defaultValue, int min = 0, int max = int.MaxValue)
    {
        if (!Has(name))
        {
            return defaultValue;
        }

        var text = Required(name);
        if (!int.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new BenchUsageException($"--{name} must be a whole number from {min} to {max}, not '{text}'.");
        }

        return value;
    }

    public IReadOnlyList<int> IntList(string name, IReadOnlyList<int> defaultValue, int min = 1)
    {
        if (!Has(name))
        {
            return defaultValue;
        }

        var text = Required(name);
        var values = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
            {
                throw new BenchUsageException($"--{name} must be a comma-separated list of whole numbers >= {min}, not '{text}'.");
            }

            values.Add(value);
        }

        return values;
    }

    /// <summary>A duration such as <c>10s</c>, <c>500ms</c>, <c>2m</c> (a bare number is seconds).</summary>
    public TimeSpan Duration(string name, TimeSpan defaultValue, TimeSpan? max = null)
    {
        if (!Has(name))
        {
            return defaultValue;
        }

        var text = Required(name);
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        var limit = max ?? TimeSpan.FromMinutes(10);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || value * unit > limit.TotalSeconds)
        {
            throw new BenchUsageException($"--{name} must be a duration such as 10s, 500ms or 1m (at most {limit.TotalSeconds:0}s), not '{text}'.");
        }

        return TimeSpan.FromSeconds(value * unit);
    }

    public void ThrowIfUnused()
    {
        var unknown = _values.Keys.Where(key => !_used.Contains(key)).Select(key => "--" + key).ToList();
        if (unknown.Count > 0)
        {
            throw new BenchUsageException($"Unknown option(s) for scenario '{Scenario}': {string.Join(", ", unknown)}. Run 'bench load help' for the list.");
        }
    }

    private string Required(string name)
        => _values[name] is { Length: > 0 } value ? value : throw new BenchUsageException($"--{name} needs a value.");
}

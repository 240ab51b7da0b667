using System.Text;

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>The last lines a child process wrote, kept for failure messages (bounded, thread-safe).</summary>
internal sealed class BoundedLog(int capacity = 400)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();
    private long _dropped;

    public void Add(string line)
    {
        lock (_gate)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
                _dropped++;
            }

            _lines.Enqueue(line);
        }
    }

    public string Tail(int count = 80)
    {
        lock (_gate)
        {
            var skip = Math.Max(0, _lines.Count - count);
            var builder = new StringBuilder();
            if (skip + _dropped > 0)
            {
                builder.Append("  … ").Append(skip + _dropped).AppendLine(" earlier lines");
            }

            foreach (var line in _lines.Skip(skip))
            {
                builder.Append("  ").AppendLine(line);
            }

            return builder.Length == 0 ? "  (nothing)" + Environment.NewLine : builder.ToString();
        }
    }
}

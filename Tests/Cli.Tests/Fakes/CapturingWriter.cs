using System.Text;

namespace OrleansChat.Cli.Tests.Fakes;

/// <summary>A console stand-in that keeps everything written and lets a test wait for some text to appear.</summary>
internal sealed class CapturingWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public IReadOnlyList<string> Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    public override void Write(char value) => Append(value.ToString());

    public override void Write(string? value) => Append(value ?? string.Empty);

    public override void WriteLine(string? value) => Append((value ?? string.Empty) + "\n");

    public async Task<string> WaitForAsync(Func<string, bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Signal);
        while (true)
        {
            Task changed;
            lock (_text)
            {
                var text = _text.ToString();
                if (condition(text))
                {
                    return text;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"{what} did not appear within {TestTimeouts.Signal.TotalSeconds} s; output was:\n{Text}");
            }
        }
    }

    private void Append(string value)
    {
        TaskCompletionSource changed;
        lock (_text)
        {
            _text.Append(value);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}

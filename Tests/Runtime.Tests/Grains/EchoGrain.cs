using OrleansChat.Runtime.Tests.Messages;

namespace OrleansChat.Runtime.Tests.Grains;

public sealed class EchoGrain : Grain, IEchoGrain
{
    private EchoRequest _kept = new();

    public Task<EchoReply> Echo(EchoRequest request) => Task.FromResult(new EchoReply { Text = request.Text, Number = request.Number });

    public Task<string> EchoText(string text) => Task.FromResult(text);

    public ValueTask<long> Add(long a, long b) => ValueTask.FromResult(a + b);

    public ValueTask Ping() => ValueTask.CompletedTask;

    public Task<List<string>> Split(string text, CancellationToken cancellationToken) => Task.FromResult(text.Split(' ').ToList());

    public async Task Throw(string message)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
    }

    public Task ThrowCustom(string code) => throw new TestGrainException("custom failure " + code);

    public Task Keep(EchoRequest request)
    {
        _kept = request;
        return Task.CompletedTask;
    }

    public Task<EchoRequest> Kept() => Task.FromResult(_kept);

    public Task<string> Identity() => Task.FromResult(GrainId.Type + "/" + this.GetPrimaryKeyString());
}

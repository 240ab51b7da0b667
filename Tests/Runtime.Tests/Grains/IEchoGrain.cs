using OrleansChat.Runtime.Tests.Messages;

namespace OrleansChat.Runtime.Tests.Grains;

public interface IEchoGrain : IGrainWithStringKey
{
    Task<EchoReply> Echo(EchoRequest request);

    Task<string> EchoText(string text);

    ValueTask<long> Add(long a, long b);

    ValueTask Ping();

    Task<List<string>> Split(string text, CancellationToken cancellationToken);

    Task Throw(string message);

    Task ThrowCustom(string code);

    Task Keep(EchoRequest request);

    Task<EchoRequest> Kept();

    Task<string> Identity();
}

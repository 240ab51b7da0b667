using Microsoft.Extensions.Hosting;
using OrleansChat.Runtime.Streams;
using OrleansChat.Runtime.Tests.Messages;

namespace OrleansChat.Runtime.Tests.Streams;

/// <summary>A cluster client of a <see cref="ClusterStreamHarness"/>.</summary>
internal sealed class ClusterStreamClient(IHost host) : IAsyncDisposable
{
    public ClusterStreamProvider Provider => (ClusterStreamProvider)host.Services.GetStreamProvider(ClusterStreamHarness.Provider);

    public IAsyncStream<StreamItem> Stream(StreamId streamId) => Provider.GetStream<StreamItem>(streamId);

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}

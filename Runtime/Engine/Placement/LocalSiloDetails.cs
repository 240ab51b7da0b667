using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;

namespace OrleansChat.Runtime.Placement;

/// <summary>The local silo's identity, made from <see cref="SiloOptions"/> and the start time.</summary>
internal sealed class LocalSiloDetails(IOptions<SiloOptions> options, TimeProvider timeProvider) : ILocalSiloDetails
{
    public string Name { get; } = options.Value.SiloName;

    public SiloAddress SiloAddress { get; } = new(options.Value.SiloName, timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
}

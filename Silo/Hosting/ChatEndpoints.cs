using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OrleansChat.Silo.Hosting;

/// <summary>The listeners of the public endpoint, kept to read the ports Kestrel bound (port 0 picks one).</summary>
internal sealed class ChatEndpoints
{
    public ListenOptions? Grpc { get; set; }

    public ListenOptions? Web { get; set; }
}

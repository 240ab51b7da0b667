namespace OrleansChat.Gateway.Health;

/// <summary>Tells the gateway's health check whether grain calls can be served (the host registers it).</summary>
public interface IGrainRuntimeReadiness
{
    bool IsReady { get; }
}

namespace OrleansChat.Silo.Hosting;

/// <summary>What one server process does (<c>--role</c>).</summary>
public enum ServerRole
{
    /// <summary>A silo (hosts grains) that also serves clients: the embedded default, and a cluster member with its own gateway.</summary>
    All,

    /// <summary>A silo only: hosts grains, serves no clients. Needs <c>--cluster</c>.</summary>
    Silo,

    /// <summary>A gateway only: serves clients, hosts no grains; a client of the cluster. Needs <c>--cluster</c>.</summary>
    Gateway,
}

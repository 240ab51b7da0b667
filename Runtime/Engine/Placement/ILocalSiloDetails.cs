namespace OrleansChat.Runtime.Placement;

/// <summary>The identity of the silo this process hosts.</summary>
public interface ILocalSiloDetails
{
    /// <summary>The silo's name.</summary>
    string Name { get; }

    /// <summary>The silo's address.</summary>
    SiloAddress SiloAddress { get; }
}

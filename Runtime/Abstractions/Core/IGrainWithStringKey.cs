namespace OrleansChat.Runtime;

/// <summary>A grain identified by a string key (all OrleansChat grains are).</summary>
public interface IGrainWithStringKey : IGrain
{
}

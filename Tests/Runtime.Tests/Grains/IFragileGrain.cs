namespace OrleansChat.Runtime.Tests.Grains;

public interface IFragileGrain : IGrainWithStringKey
{
    Task<int> Activations();
}

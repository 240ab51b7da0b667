namespace OrleansChat.Runtime.Tests.Grains.Bad;

public interface IBadGrain : IGrainWithStringKey
{
    Task Foo(Stream s);

    int Count();

    Task<Dictionary<string, int>> Table();
}

public interface IBadObserver : IGrainObserver
{
    Task Notify(object payload);
}

public sealed class BadGrain : Grain, IBadGrain
{
    public Task Foo(Stream s) => Task.CompletedTask;

    public int Count() => 0;

    public Task<Dictionary<string, int>> Table() => Task.FromResult(new Dictionary<string, int>());
}

using System.Globalization;
using OrleansChat.Runtime.Placement;
using OrleansChat.Runtime.Tests.Grains;
using OrleansChat.Runtime.Tests.Messages;

namespace OrleansChat.Runtime.Tests.Cluster;

/// <summary>See <see cref="IPlacedGrain"/>. State lives in the "Default" storage (shared by the test cluster's silos).</summary>
public sealed class PlacedGrain(
    [PersistentState("count")] IPersistentState<CounterState> state,
    ILocalSiloDetails silo,
    ClusterProbe probe) : Grain, IPlacedGrain
{
    private readonly List<int> _recorded = [];
    private long? _writeOnDeactivation;

    private string Key => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Activated(Key, silo.SiloAddress.ToString());
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_writeOnDeactivation is { } value)
        {
            state.State.Value = value;
            await state.WriteStateAsync(cancellationToken);
        }

        probe.Deactivated(Key, silo.SiloAddress.ToString(), reason.ReasonCode);
    }

    public Task<string> WhereAmI() => Task.FromResult(silo.SiloAddress.ToString());

    public async Task<long> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<long> Get() => Task.FromResult(state.State.Value);

    public Task WriteOnDeactivation(long value)
    {
        _writeOnDeactivation = value;
        return Task.CompletedTask;
    }

    public Task Record(int number)
    {
        _recorded.Add(number);
        return Task.CompletedTask;
    }

    public Task<List<int>> Recorded() => Task.FromResult(_recorded.ToList());

    public Task<EchoReply> Echo(EchoRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new EchoReply { Text = request.Text + "|" + string.Join(",", request.Tags), Number = request.Number * 2 });

    public Task<List<string>> Reverse(List<string> items) => Task.FromResult(Enumerable.Reverse(items).ToList());

    public Task<int[]> Lengths(string[] words) => Task.FromResult(words.Select(w => w.Length).ToArray());

    public Task<string?> Same(string? text) => Task.FromResult(text);

    public Task<string> Describe(
        bool flag, int i, long l, uint u, ulong ul, double d, float f, Guid g, DateTime dt, DateTimeOffset dto, TimeSpan ts,
        DayOfWeek day, byte[] bytes, int? maybe, int? none) =>
        Task.FromResult(string.Join(
            ";",
            flag,
            i,
            l,
            u,
            ul,
            d.ToString("R", CultureInfo.InvariantCulture),
            f.ToString("R", CultureInfo.InvariantCulture),
            g,
            dt.ToString("O", CultureInfo.InvariantCulture) + dt.Kind,
            dto.ToString("O", CultureInfo.InvariantCulture),
            ts,
            day,
            Convert.ToHexString(bytes),
            maybe,
            none is null ? "null" : none.ToString()));

    public ValueTask<IPlacedGrain> Friend(string key) => ValueTask.FromResult(GrainFactory.GetGrain<IPlacedGrain>(key));

    public Task<string> AskWhere(IPlacedGrain other) => other.WhereAmI();

    public async Task<List<string>> AskAll(List<IPlacedGrain> others)
    {
        var answers = new List<string>();
        foreach (var other in others)
        {
            answers.Add(other.GetPrimaryKeyString() + "@" + await other.WhereAmI());
        }

        return answers;
    }

    public Task Throw(string kind, string message) => kind switch
    {
        "invalid" => throw new InvalidOperationException(message),
        "argument" => throw new ArgumentException(message, "name"),
        "null" => throw new ArgumentNullException("param", message),
        "missing" => throw new KeyNotFoundException(message),
        "inconsistent" => throw new InconsistentStateException(message),
        "app" => throw new TestGrainException(message),
        "opaque" => throw new OpaqueException(message.Length),
        _ => throw new NotSupportedException(message),
    };

    public Task Subscribe(ITestObserver observer) => observer.OnMessage("subscribed");

    public async Task<string> WaitForGate(string text)
    {
        probe.Signal("entered:" + Key).TrySetResult();
        await probe.Gate.Task;
        return text;
    }
}

using Google.Protobuf;

namespace OrleansChat.Runtime.Storage;

/// <summary>
/// One named state of one grain, kept by an <see cref="IGrainStorage"/> as protobuf bytes with an etag.
/// Used only inside the grain's turns, so it needs no locking.
/// </summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, ILoadableState
    where TState : class, IMessage<TState>, new()
{
    private static readonly MessageParser<TState> Parser = new(() => new TState());

    private readonly GrainId _grainId;
    private readonly string _stateName;
    private readonly IGrainStorage _storage;
    private TState _state = new();

    public PersistentState(GrainId grainId, string stateName, IGrainStorage storage)
    {
        _grainId = grainId;
        _stateName = stateName;
        _storage = storage;
    }

    public TState State
    {
        get => _state;
        set => _state = value ?? throw new ArgumentNullException(nameof(value));
    }

    public string? Etag { get; private set; }

    public bool RecordExists { get; private set; }

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var record = await _storage.ReadAsync(_grainId, _stateName, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            _state = new TState();
            Etag = null;
            RecordExists = false;
            return;
        }

        _state = Parser.ParseFrom(record.Payload.Span);
        Etag = record.Etag;
        RecordExists = true;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var payload = _state.ToByteArray();
        Etag = await _storage.WriteAsync(_grainId, _stateName, payload, Etag, cancellationToken).ConfigureAwait(false);
        RecordExists = true;
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await _storage.ClearAsync(_grainId, _stateName, Etag, cancellationToken).ConfigureAwait(false);
        _state = new TState();
        Etag = null;
        RecordExists = false;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansChat.Bench.Load.Measure;

namespace OrleansChat.Bench.Load.Reporting;

/// <summary>What the progress display shows: the current stage, the counters of the run in progress, and notes.</summary>
internal sealed class ProgressState(string title)
{
    private const int MaxNotes = 6;

    private readonly ConcurrentQueue<string> _notes = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private string _stage = "starting";
    private TrafficRecorder? _recorder;
    private int _version;

    public string Title { get; } = title;

    public string Stage => Volatile.Read(ref _stage);

    public TrafficRecorder? Recorder => Volatile.Read(ref _recorder);

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>Every note so far, oldest first (the display shows the last few).</summary>
    public IReadOnlyCollection<string> Notes => _notes;

    /// <summary>Incremented on every stage change and note, so plain output knows when to print.</summary>
    public int Version => Volatile.Read(ref _version);

    public void SetStage(string stage)
    {
        Volatile.Write(ref _stage, stage);
        Interlocked.Increment(ref _version);
    }

    public void Attach(TrafficRecorder? recorder) => Volatile.Write(ref _recorder, recorder);

    public void Note(string note)
    {
        _notes.Enqueue(note);
        while (_notes.Count > MaxNotes * 4 && _notes.TryDequeue(out _))
        {
        }

        Interlocked.Increment(ref _version);
    }
}

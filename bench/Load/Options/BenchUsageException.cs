namespace OrleansChat.Bench.Load.Options;

/// <summary>A command line the load generator cannot run; the message says what to change.</summary>
internal sealed class BenchUsageException(string message) : Exception(message);

namespace OrleansChat.Cli.Output;

/// <summary>Where <see cref="OutputEvent"/>s go. Writes wait when the console is behind (bounded).</summary>
internal interface IOutputSink
{
    ValueTask WriteAsync(OutputEvent outputEvent, CancellationToken cancellationToken = default);
}

namespace OrleansChat.Cli.Output;

/// <summary>One printed line; <see cref="IsError"/> lines go to stderr when the output is not a terminal.</summary>
internal readonly record struct OutputLine(string Text, bool IsError = false);

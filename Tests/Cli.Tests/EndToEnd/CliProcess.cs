namespace OrleansChat.Cli.Tests.EndToEnd;

/// <summary>The CLI as a process with redirected stdin/stdout: the script mode.</summary>
internal sealed class CliProcess : ChildProcess
{
    private CliProcess(IEnumerable<string> arguments)
        : base(Binaries.Dotnet, [Binaries.Cli, .. arguments])
    {
    }

    public static CliProcess Start(params string[] arguments) => new(arguments);
}

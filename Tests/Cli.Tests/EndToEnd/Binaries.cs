namespace OrleansChat.Cli.Tests.EndToEnd;

/// <summary>The CLI and the server, copied next to the tests by the project references (the CLI's whole build output
/// in <c>cli/</c>, see Cli.Tests.csproj); run with <c>dotnet &lt;dll&gt;</c>.</summary>
internal static class Binaries
{
    public static string Cli => Find(Path.Combine("cli", "OrleansChat.Cli.dll"));

    public static string Silo => Find("OrleansChat.Silo.dll");

    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string Find(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{name} is not next to the tests ({AppContext.BaseDirectory}); build Tests/Cli.Tests first.", path);
    }
}

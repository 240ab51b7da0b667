namespace OrleansChat.Bench.Load.Servers;

/// <summary>Finds the repository (the folder holding <c>OrleansChat.sln</c>) from the working directory or the binary.</summary>
internal static class RepoPaths
{
    public static string? FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "OrleansChat.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    /// <summary><c>bench/results</c> in the repository, or <c>./results</c> outside it.</summary>
    public static string DefaultResultsDirectory()
        => FindRoot() is { } root ? Path.Combine(root, "bench", "results") : Path.Combine(Directory.GetCurrentDirectory(), "results");

    /// <summary>The <c>dotnet</c> host: the one running this process when it is <c>dotnet</c>, else the one on PATH.</summary>
    public static string DotnetHost()
        => Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}

using System.Diagnostics;

namespace OrleansChat.Bench.Load.Servers;

/// <summary>Builds <c>Silo/</c> in Release (an incremental no-op when it is up to date) and returns its entry assembly.</summary>
internal static class SiloBuild
{
    public static async Task<string> LocateAsync(bool build, Action<string> note, CancellationToken cancellationToken)
    {
        var root = RepoPaths.FindRoot()
            ?? throw new InvalidOperationException("Cannot find OrleansChat.sln above the working directory: pass --server-dll or --server.");
        var project = Path.Combine(root, "Silo", "Silo.csproj");
        var dll = Path.Combine(root, "Silo", "bin", "Release", "net10.0", "OrleansChat.Silo.dll");
        if (build)
        {
            note("building Silo (Release)");
            var start = new ProcessStartInfo(RepoPaths.DotnetHost())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "build", project, "-c", "Release", "-nologo", "-v", "q", "-clp:ErrorsOnly" })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet build.");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet build {project} -c Release failed:{Environment.NewLine}{await output.ConfigureAwait(false)}{await errors.ConfigureAwait(false)}");
            }
        }

        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"{dll} does not exist: build Silo in Release, or drop --no-build.");
    }
}

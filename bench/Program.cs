using OrleansChat.Bench.Load;

// bench/: `load <scenario>` runs the load generator against real servers (see bench/README.md).
return args switch
{
    ["load", .. var rest] => await LoadCommand.RunAsync(rest),
    ["runtime", .. var rest] => OrleansChat.Bench.RuntimeBenchmarks.RuntimeBenchmarkCommand.Run(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench -- load <scenario> [options]   (load help: the scenarios and flags)");
    Console.Error.WriteLine("       dotnet run -c Release --project bench -- runtime [--job short] [--filter *Stream*]   (grain runtime micro-benchmarks)");
    return 2;
}

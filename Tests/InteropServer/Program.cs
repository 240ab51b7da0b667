Console.WriteLine("interop server: not yet implemented");

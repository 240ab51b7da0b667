Console.WriteLine("OrleansChat bench: not yet implemented");

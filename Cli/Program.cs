Console.WriteLine("OrleansChat CLI: not yet implemented");

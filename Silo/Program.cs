Console.WriteLine("OrleansChat silo: not yet implemented");

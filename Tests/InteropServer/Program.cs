using OrleansChat.InteropServer;

return await InteropServerProgram.RunAsync(args, Console.Out, Console.Error, Console.In);

using OrleansChat.Cli;
using OrleansChat.Cli.App;

return await new CliCommandLine(ChatApp.RunAsync).Root.Parse(args).InvokeAsync();

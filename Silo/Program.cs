using System.CommandLine;
using OrleansChat.Silo;

// The embedded server (silo + gateway) by default; `token <user> --token-secret <s>` mints an access token.
// Signals are the host's to handle (graceful stop with state written), not the parser's.
return await SiloCommandLine.Create().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

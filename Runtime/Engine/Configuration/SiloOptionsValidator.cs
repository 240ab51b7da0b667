using Microsoft.Extensions.Options;

namespace OrleansChat.Runtime.Configuration;

/// <summary>Validates <see cref="SiloOptions"/> at start-up.</summary>
internal sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var failures = new List<string>();
        OptionChecks.NotEmpty(failures, "SiloOptions.SiloName", options.SiloName);
        OptionChecks.Positive(failures, "SiloOptions.ShutdownTimeout", options.ShutdownTimeout);
        return OptionChecks.Result(failures);
    }
}

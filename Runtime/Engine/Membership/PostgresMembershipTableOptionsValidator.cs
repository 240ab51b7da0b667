using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Storage;

namespace OrleansChat.Runtime.Membership;

/// <summary>Validates <see cref="PostgresMembershipTableOptions"/> at start-up.</summary>
internal sealed class PostgresMembershipTableOptionsValidator : IValidateOptions<PostgresMembershipTableOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresMembershipTableOptions options)
    {
        var failures = new List<string>();
        PostgresConnectionStringCheck.Check(failures, "PostgresMembershipTableOptions.ConnectionString", options.ConnectionString);
        OptionChecks.NotEmpty(failures, "PostgresMembershipTableOptions.ClusterId", options.ClusterId);
        return OptionChecks.Result(failures);
    }
}

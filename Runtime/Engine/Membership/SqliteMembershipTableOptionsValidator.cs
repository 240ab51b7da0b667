using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;

namespace OrleansChat.Runtime.Membership;

/// <summary>Validates <see cref="SqliteMembershipTableOptions"/> at start-up.</summary>
internal sealed class SqliteMembershipTableOptionsValidator : IValidateOptions<SqliteMembershipTableOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteMembershipTableOptions options)
    {
        var failures = new List<string>();
        OptionChecks.NotEmpty(failures, "SqliteMembershipTableOptions.DataSource", options.DataSource);
        if (options.DataSource is ":memory:" || options.DataSource?.StartsWith("file::memory:", StringComparison.OrdinalIgnoreCase) == true)
        {
            failures.Add("SqliteMembershipTableOptions.DataSource must be a file shared by the silos, not an in-memory database.");
        }

        OptionChecks.Positive(failures, "SqliteMembershipTableOptions.BusyTimeout", options.BusyTimeout);
        if (options.BusyTimeout > TimeSpan.FromDays(1))
        {
            failures.Add("SqliteMembershipTableOptions.BusyTimeout must be at most one day (was " + options.BusyTimeout + ").");
        }

        return OptionChecks.Result(failures);
    }
}

using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace OrleansChat.Runtime.Configuration;

/// <summary>Validates <see cref="MembershipOptions"/> at start-up.</summary>
internal sealed partial class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        var failures = new List<string>();
        if (options.ClusterId is null || !ClusterIdPattern().IsMatch(options.ClusterId))
        {
            failures.Add("MembershipOptions.ClusterId must be 1 to 64 letters, digits, '.', '_' or '-' (was '" + options.ClusterId + "').");
        }

        OptionChecks.Positive(failures, "MembershipOptions.HeartbeatInterval", options.HeartbeatInterval);
        OptionChecks.Positive(failures, "MembershipOptions.TableRefreshInterval", options.TableRefreshInterval);
        OptionChecks.Positive(failures, "MembershipOptions.DeathTimeout", options.DeathTimeout);
        OptionChecks.Positive(failures, "MembershipOptions.UnreachableGracePeriod", options.UnreachableGracePeriod);
        OptionChecks.Positive(failures, "MembershipOptions.DefunctRetention", options.DefunctRetention);
        if (failures.Count == 0)
        {
            if (options.DeathTimeout <= options.HeartbeatInterval * 2)
            {
                failures.Add("MembershipOptions.DeathTimeout (" + options.DeathTimeout + ") must be more than twice MembershipOptions.HeartbeatInterval ("
                    + options.HeartbeatInterval + "), or a silo that misses one heartbeat is declared dead.");
            }

            if (options.UnreachableGracePeriod < options.HeartbeatInterval)
            {
                failures.Add("MembershipOptions.UnreachableGracePeriod (" + options.UnreachableGracePeriod + ") must be at least MembershipOptions.HeartbeatInterval ("
                    + options.HeartbeatInterval + "), or a live silo behind a broken connection is declared dead between two heartbeats.");
            }
        }

        return OptionChecks.Result(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ClusterIdPattern();
}

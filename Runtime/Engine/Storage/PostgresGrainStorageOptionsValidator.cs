using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;

namespace OrleansChat.Runtime.Storage;

/// <summary>Validates every named <see cref="PostgresGrainStorageOptions"/> at start-up.</summary>
internal sealed partial class PostgresGrainStorageOptionsValidator : IValidateOptions<PostgresGrainStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresGrainStorageOptions options)
    {
        var failures = new List<string>();
        PostgresConnectionStringCheck.Check(failures, "PostgresGrainStorageOptions.ConnectionString (storage '" + name + "')", options.ConnectionString);
        if (options.TableName is null || !Identifier().IsMatch(options.TableName))
        {
            failures.Add("PostgresGrainStorageOptions.TableName (storage '" + name + "') must be a plain SQL identifier (letters, digits, underscore; at most 63 characters).");
        }

        return OptionChecks.Result(failures);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex Identifier();
}

using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace OrleansChat.Storage;

/// <summary>Fails start-up with a message naming each bad <see cref="SqliteGrainStorageOptions"/> value.</summary>
internal sealed partial class SqliteGrainStorageOptionsValidator : IValidateOptions<SqliteGrainStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteGrainStorageOptions options)
    {
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.DataSource) && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("SqliteGrainStorageOptions.DataSource (storage '" + name + "') must be set, or SqliteGrainStorageOptions.ConnectionString.");
        }

        if (options.TableName is null || !Identifier().IsMatch(options.TableName))
        {
            failures.Add("SqliteGrainStorageOptions.TableName (storage '" + name + "') must be a plain SQL identifier (letters, digits, underscore).");
        }

        if (options.MaxWriteBatch < 1)
        {
            failures.Add("SqliteGrainStorageOptions.MaxWriteBatch (storage '" + name + "') must be at least 1; it is " + options.MaxWriteBatch + ".");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}

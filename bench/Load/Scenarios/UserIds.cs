using System.Globalization;

namespace OrleansChat.Bench.Load.Scenarios;

/// <summary>The user id of simulated client number <c>index</c>: <c>u000042</c> (valid per chat.v1 Hello).</summary>
internal static class UserIds
{
    public static string Of(int index) => "u" + index.ToString("D6", CultureInfo.InvariantCulture);
}

using System.Reflection;

namespace OrleansChat.Runtime.Messaging;

/// <summary>
/// An exception reduced to what can cross silos — its type name and message — and rebuilt on the caller's side.
/// The runtime's own exceptions and the common .NET ones (<see cref="IsWellKnown"/>) come back as their own type with
/// the original message on every node. Another type comes back as itself when the caller's process has loaded it and
/// it has a (string message) constructor (an application exception shared by both sides), otherwise as a
/// <see cref="GrainCallException"/> carrying the remote type name and message. Types are only looked up among loaded
/// assemblies: a peer's type name never makes this process load code. Local calls pass the original exception object
/// and need none of this.
/// </summary>
/// <param name="TypeName">The assembly-qualified name of the exception type.</param>
/// <param name="Message">The exception message.</param>
internal sealed record GrainExceptionInfo(string TypeName, string Message)
{
    private static readonly Dictionary<string, Func<string, Exception>> WellKnown = new(StringComparer.Ordinal)
    {
        [typeof(ArgumentException).FullName!] = static m => new ArgumentException(m),
        [typeof(ArgumentNullException).FullName!] = static m => new ArgumentNullException(m, (Exception?)null),
        [typeof(ArgumentOutOfRangeException).FullName!] = static m => new ArgumentOutOfRangeException(m, (Exception?)null),
        [typeof(InvalidOperationException).FullName!] = static m => new InvalidOperationException(m),
        [typeof(ObjectDisposedException).FullName!] = static m => new ObjectDisposedException(m, (Exception?)null),
        [typeof(NotSupportedException).FullName!] = static m => new NotSupportedException(m),
        [typeof(NotImplementedException).FullName!] = static m => new NotImplementedException(m),
        [typeof(FormatException).FullName!] = static m => new FormatException(m),
        [typeof(TimeoutException).FullName!] = static m => new TimeoutException(m),
        [typeof(KeyNotFoundException).FullName!] = static m => new KeyNotFoundException(m),
        [typeof(OperationCanceledException).FullName!] = static m => new OperationCanceledException(m),
        [typeof(TaskCanceledException).FullName!] = static m => new TaskCanceledException(m),
        [typeof(InconsistentStateException).FullName!] = static m => new InconsistentStateException(m),
        [typeof(GrainOverloadedException).FullName!] = static m => new GrainOverloadedException(m),
        [typeof(SiloUnavailableException).FullName!] = static m => new SiloUnavailableException(m),
        [typeof(InvalidGrainInterfaceException).FullName!] = static m => new InvalidGrainInterfaceException(m),
    };

    /// <summary>Whether the type is one every node rebuilds as itself.</summary>
    public bool IsWellKnown => WellKnown.ContainsKey(FullName);

    /// <summary>The type's full name without the assembly.</summary>
    public string FullName => TypeName.Split(',')[0].Trim();

    public static GrainExceptionInfo Capture(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is GrainCallException carried)
        {
            // Already a carrier from a call further away: pass the original type on, not the carrier's.
            return new GrainExceptionInfo(carried.OriginalTypeName, carried.Message);
        }

        return new GrainExceptionInfo(exception.GetType().AssemblyQualifiedName ?? exception.GetType().FullName!, exception.Message);
    }

    public Exception ToException()
    {
        var fullName = FullName;
        if (WellKnown.TryGetValue(fullName, out var create))
        {
            return create(Message);
        }

        var type = FindLoadedType();
        if (type is not null && typeof(Exception).IsAssignableFrom(type) && !type.IsAbstract
            && type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, [typeof(string)]) is { } constructor)
        {
            try
            {
                return (Exception)constructor.Invoke([Message]);
            }
            catch (TargetInvocationException)
            {
                // The type rejected the message; fall back to the generic carrier below.
            }
        }

        return new GrainCallException(type?.FullName ?? fullName, Message);
    }

    /// <summary>The exception type among the assemblies this process has loaded already, or null.</summary>
    private Type? FindLoadedType()
    {
        var comma = TypeName.IndexOf(',', StringComparison.Ordinal);
        var typeName = comma < 0 ? TypeName.Trim() : TypeName[..comma].Trim();
        string? assemblyName = null;
        if (comma >= 0)
        {
            try
            {
                assemblyName = new AssemblyName(TypeName[(comma + 1)..].Trim()).Name;
            }
            catch (Exception exception) when (exception is ArgumentException or FileLoadException)
            {
                return null;
            }
        }

        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.IsDynamic || (assemblyName is not null && assembly.GetName().Name != assemblyName))
            {
                continue;
            }

            if (assembly.GetType(typeName, throwOnError: false) is { } type)
            {
                return type;
            }
        }

        return null;
    }
}

using System.Collections.Concurrent;
using OrleansChat.Runtime.Cluster.Protocol;
using OrleansChat.Runtime.Messaging;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// How one grain method travels: its stable identity (declaring interface's full name and "Name(ParamType,…)"), a
/// codec per sent parameter (the <see cref="CancellationToken"/> is not sent) and one for the result. Both sides build
/// the same from the same interface, so requests carry no type names. Cached per method.
/// </summary>
internal sealed class MethodWireInfo
{
    private static readonly ConcurrentDictionary<GrainMethodDescriptor, MethodWireInfo> Cache = new();

    private readonly (int Position, string Name, ValueCodec Codec)[] _sent;
    private readonly int _parameterCount;
    private readonly int[] _cancellationPositions;
    private readonly ValueCodec? _result;

    private MethodWireInfo(GrainMethodDescriptor method)
    {
        Method = method;
        var info = method.Method;
        var parameters = info.GetParameters();
        InterfaceName = info.DeclaringType!.FullName ?? info.DeclaringType.Name;
        MethodKey = KeyOf(info);
        _parameterCount = parameters.Length;
        _cancellationPositions = parameters.Where(p => p.ParameterType == typeof(CancellationToken)).Select(p => p.Position).ToArray();
        _sent = parameters
            .Where(p => p.ParameterType != typeof(CancellationToken))
            .Select(p => (p.Position, p.Name ?? "arg" + p.Position, ValueCodec.For(p.ParameterType)))
            .ToArray();
        var resultType = GrainInterfaceValidator.ClassifyReturn(info.ReturnType)?.ResultType;
        _result = resultType is null ? null : ValueCodec.For(resultType);
    }

    public GrainMethodDescriptor Method { get; }

    /// <summary>The full name of the interface declaring the method.</summary>
    public string InterfaceName { get; }

    /// <summary>"Name(System.String,My.Message)".</summary>
    public string MethodKey { get; }

    public static MethodWireInfo For(GrainMethodDescriptor method) => Cache.GetOrAdd(method, static m => new MethodWireInfo(m));

    /// <summary>The stable key of a method: its name and its parameters' full type names.</summary>
    public static string KeyOf(System.Reflection.MethodInfo method) =>
        method.Name + "(" + string.Join(",", method.GetParameters().Select(p => TypeNames.Full(p.ParameterType))) + ")";

    /// <summary>Encodes the arguments into <paramref name="request"/>.</summary>
    /// <exception cref="ArgumentException">An argument is an observer reference, which cannot cross silos.</exception>
    public void EncodeArguments(object?[] arguments, GrainRequest request, GrainId target)
    {
        foreach (var (position, name, codec) in _sent)
        {
            try
            {
                request.Arguments.Add(codec.Encode(arguments[position]));
            }
            catch (ObserverReferenceCrossingException)
            {
                throw new ArgumentException(
                    Method.DisplayName + ": argument '" + name + "' is an observer reference, and observer references cannot cross silos; grain "
                    + target + " is hosted on another silo. Observe it through a stream instead, or call it from the process that owns the observer.",
                    name);
            }
        }
    }

    /// <summary>Decodes a request's arguments (the cancellation token, not sent, is <see cref="CancellationToken.None"/>).</summary>
    public object?[] DecodeArguments(GrainRequest request, GrainReferenceFactory references)
    {
        if (request.Arguments.Count != _sent.Length)
        {
            throw new InvalidOperationException(
                Method.DisplayName + " arrived with " + request.Arguments.Count + " arguments instead of " + _sent.Length + "; the caller and the silo run different builds.");
        }

        var arguments = new object?[_parameterCount];
        foreach (var position in _cancellationPositions)
        {
            arguments[position] = CancellationToken.None;
        }

        for (var i = 0; i < _sent.Length; i++)
        {
            arguments[_sent[i].Position] = _sent[i].Codec.Decode(request.Arguments[i], references);
        }

        return arguments;
    }

    /// <summary>Encodes a result (null for Task/ValueTask methods).</summary>
    /// <exception cref="InvalidOperationException">The result is an observer reference.</exception>
    public Value EncodeResult(object? result)
    {
        if (_result is null || result is null)
        {
            return new Value();
        }

        try
        {
            return _result.Encode(result);
        }
        catch (ObserverReferenceCrossingException)
        {
            throw new InvalidOperationException(
                Method.DisplayName + " returned an observer reference, and observer references cannot cross silos; the caller is on another silo.");
        }
    }

    public object? DecodeResult(Value? value, GrainReferenceFactory references) =>
        _result is null || value is null ? null : _result.Decode(value, references);
}

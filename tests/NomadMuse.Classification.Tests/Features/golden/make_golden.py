#!/usr/bin/env python3
"""Independent reference for the NomadMuse mel/MFCC front end (pure Python 3, double precision, no numpy).

Implements, from their published definitions, what librosa >= 0.10 computes with default arguments:
  librosa.feature.melspectrogram(y, sr=22050)  -> stft(n_fft=2048, hop=512, window='hann' periodic,
      center=True, pad_mode='constant') |X|^2 projected on filters.mel(sr, 2048, n_mels=128, fmin=0,
      fmax=sr/2, htk=False, norm='slaney')
  librosa.power_to_db(S, ref=1.0, amin=1e-10, top_db=80.0)
  librosa.feature.mfcc(S=db, n_mfcc=20) -> scipy.fftpack.dct(db, axis=-2, type=2, norm='ortho')[:20]
The DFT is a naive O(N^2) sum, not an FFT, so it shares no code path with the C# implementation.
Run: python3 make_golden.py > librosa_defaults.json
"""
import json
import math
import struct

SR, N_FFT, HOP, N_MELS, N_MFCC = 22050, 2048, 512, 128, 20
AMIN, REF, TOP_DB = 1e-10, 1.0, 80.0
LENGTH = 4096


def f32(x):
    return struct.unpack('f', struct.pack('f', x))[0]


def signal():
    """440 Hz + 3 kHz tones and LCG noise, rounded to float32 so C# sees identical input."""
    state = 12345
    out = []
    for n in range(LENGTH):
        state = (1103515245 * state + 12345) % 2**31
        noise = state / 2**31 * 2.0 - 1.0
        v = 0.5 * math.sin(2 * math.pi * 440 * n / SR) + 0.2 * math.sin(2 * math.pi * 3000 * n / SR) + 0.05 * noise
        out.append(f32(v))
    return out


def hz_to_mel(f):  # Slaney
    f_sp = 200.0 / 3
    min_log_hz, min_log_mel, logstep = 1000.0, 1000.0 / f_sp, math.log(6.4) / 27.0
    return min_log_mel + math.log(f / min_log_hz) / logstep if f >= min_log_hz else f / f_sp


def mel_to_hz(m):
    f_sp = 200.0 / 3
    min_log_hz, min_log_mel, logstep = 1000.0, 1000.0 / f_sp, math.log(6.4) / 27.0
    return min_log_hz * math.exp(logstep * (m - min_log_mel)) if m >= min_log_mel else f_sp * m


def mel_filters():
    n_bins = 1 + N_FFT // 2
    fft_freqs = [SR / 2 * k / (n_bins - 1) for k in range(n_bins)]  # np.linspace(0, sr/2, n_bins)
    lo, hi = hz_to_mel(0.0), hz_to_mel(SR / 2.0)
    mel_f = [mel_to_hz(lo + (hi - lo) * i / (N_MELS + 1)) for i in range(N_MELS + 2)]
    weights = []
    for i in range(N_MELS):
        enorm = 2.0 / (mel_f[i + 2] - mel_f[i])
        row = []
        for f in fft_freqs:
            lower = (f - mel_f[i]) / (mel_f[i + 1] - mel_f[i])
            upper = (mel_f[i + 2] - f) / (mel_f[i + 2] - mel_f[i + 1])
            row.append(max(0.0, min(lower, upper)) * enorm)
        weights.append(row)
    return mel_f, weights


def power_spectrogram(y):
    padded = [0.0] * (N_FFT // 2) + y + [0.0] * (N_FFT // 2)
    frames = 1 + (len(padded) - N_FFT) // HOP
    window = [0.5 - 0.5 * math.cos(2 * math.pi * n / N_FFT) for n in range(N_FFT)]
    cos_t = [math.cos(2 * math.pi * j / N_FFT) for j in range(N_FFT)]
    sin_t = [math.sin(2 * math.pi * j / N_FFT) for j in range(N_FFT)]
    spec = []
    for t in range(frames):
        x = [padded[t * HOP + n] * window[n] for n in range(N_FFT)]
        col = []
        for k in range(N_FFT // 2 + 1):
            re = im = 0.0
            idx = 0
            for n in range(N_FFT):
                v = x[n]
                if v != 0.0:
                    re += v * cos_t[idx]
                    im -= v * sin_t[idx]
                idx = (idx + k) % N_FFT
            col.append(re * re + im * im)
        spec.append(col)
    return spec  # [frame][bin]


def main():
    y = signal()
    mel_f, w = mel_filters()
    spec = power_spectrogram(y)
    frames = len(spec)
    mel = [[sum(w[m][k] * spec[t][k] for k in range(len(spec[t]))) for t in range(frames)] for m in range(N_MELS)]
    db = [[10 * math.log10(max(AMIN, v)) - 10 * math.log10(max(AMIN, REF)) for v in row] for row in mel]
    top = max(max(r) for r in db)
    db = [[max(v, top - TOP_DB) for v in r] for r in db]
    mfcc = []
    for k in range(N_MFCC):
        s = math.sqrt((1.0 if k == 0 else 2.0) / N_MELS)
        mfcc.append([s * sum(db[m][t] * math.cos(math.pi * k * (2 * m + 1) / (2 * N_MELS)) for m in range(N_MELS))
                     for t in range(frames)])
    json.dump({
        "description": "librosa-default melspectrogram / power_to_db / mfcc of 'signal', from make_golden.py",
        "sr": SR, "n_fft": N_FFT, "hop": HOP, "n_mels": N_MELS, "n_mfcc": N_MFCC, "frames": frames,
        "signal": y,
        "mel_edges_hz": mel_f,
        "mel": mel, "db": db, "mfcc": mfcc,
    }, __import__('sys').stdout)


if __name__ == "__main__":
    main()

# Re-shapes the demo P1 test logs so they describe the pump in resources/demo/station.json (P1),
# keeping every row, timestamp, defect and format of the originals.
import numpy as np, re, sys
RHO, G = 998.2, 9.80665
QSCALE = 300.0 / 206.88           # original sweep ended at 206.88 m3/h; P1 is tested to 300 (120 % of BEP)
def h_st(q): return 60.0 + 0.012*q - 0.000242*q*q
def eta_st(q): return 0.0062*q - 1.24e-05*q*q
def p_hyd(q, h): return RHO*G*(q/3600.0)*h/1000.0
QBEP = 250.0
PBEP = p_hyd(QBEP, h_st(QBEP)*0.99) / (eta_st(QBEP)*0.985)
def p_shaft(q):
    if q >= 60: return p_hyd(q, h_st(q)*0.99) / (eta_st(q)*0.985)
    p60 = p_hyd(60, h_st(60)*0.99) / (eta_st(60)*0.985)
    p0 = 0.42*PBEP
    return p0 + (p60 - p0)*q/60.0

def load(path, sep, dec):
    rows = open(path, encoding='latin-1' if dec == ',' else 'utf-8', newline='').read().split('\r\n' if '\r\n' in open(path, encoding='latin-1', newline='').read() else '\n')
    return rows
def num(s, dec):
    s = s.strip()
    if dec == ',': s = s.replace(',', '.')
    try:
        if not re.fullmatch(r'-?\d+(\.\d+)?', s): return None
        return float(s)
    except: return None
def fmt(x, like, dec):
    d = len(like.split(dec)[1]) if dec in like else 0
    s = f'{x:.{d}f}'
    return s.replace('.', ',') if dec == ',' else s

def transform(path, sep, dec, header_lines, enc):
    raw = open(path, 'rb').read().decode(enc)
    eol = '\r\n' if '\r\n' in raw else '\n'
    lines = raw.split(eol)
    # original fit of head and power against flow (for the residual noise)
    pts = []
    for ln in lines[header_lines:]:
        c = ln.split(sep)
        if len(c) < 9: continue
        v = [num(x, dec) for x in c[1:9]]
        if None in v or v[0] > 400: continue
        pts.append(v)
    a = np.array(pts)
    hfit = np.polyfit(a[:,0], a[:,3], 3); pfit = np.polyfit(a[:,0], a[:,4], 3)
    out = lines[:header_lines]
    for ln in lines[header_lines:]:
        c = ln.split(sep)
        if len(c) < 9: out.append(ln); continue
        q = num(c[1], dec)
        # A glitched or unreadable flow cell: the rest of the row belongs to the true flow of that second.
        true_q = q if q is not None and q < 400 else CLEAN_FLOW.get(c[0][-8:])
        if true_q is None: out.append(ln); continue
        qe = true_q*QSCALE
        H = num(c[4], dec); P = num(c[5], dec); ps = num(c[2], dec); pd = num(c[3], dec)
        h2 = None
        if H is not None:
            h2 = h_st(qe)*0.99 + (H - np.polyval(hfit, true_q))
            c[4] = fmt(h2, c[4], dec)
            if pd is not None: c[3] = fmt(pd + (h2 - H)*RHO*G/1e5, c[3], dec)
        p2 = None
        if P is not None:
            noise = P / np.polyval(pfit, true_q)
            p2 = p_shaft(qe) * noise
            c[5] = fmt(p2, c[5], dec)
        e = num(c[7], dec)
        if e is not None:
            if p2 is not None and h2 is not None and qe > 0.5: c[7] = fmt(100*p_hyd(qe, h2)/p2, c[7], dec)
            elif qe <= 0.5: c[7] = fmt(0.0, c[7], dec)
        if q is not None: c[1] = fmt(q*QSCALE, c[1], dec)
        out.append(sep.join(c))
    open(path, 'wb').write(eol.join(out).encode(enc))

d = sys.argv[1]
CLEAN_FLOW = {}
for ln in open(sys.argv[2] + '/pump-p1-test-2025-01-14.csv', encoding='utf-8').read().splitlines()[1:]:
    c = ln.split(',')
    if len(c) >= 2: CLEAN_FLOW[c[0][-8:]] = float(c[1])
transform(f'{d}/pump-p1-test-2025-01-14.csv', ',', '.', 1, 'utf-8')
transform(f'{d}/pump-p1-test-2025-01-14-messy.csv', ',', '.', 1, 'utf-8')
transform(f'{d}/pump-p1-test-2025-01-14-de.csv', ';', ',', 4, 'latin-1')

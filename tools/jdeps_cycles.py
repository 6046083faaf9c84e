# Package dependency cycles of meshage-core from `jdeps -verbose:package` output (tools/jdeps-cycles.sh):
# strongly connected components (Tarjan) among the internal packages and among all of them, and
# the edges from inner or public packages into the facade implementation packages.
import re,sys,collections
edges=collections.defaultdict(set)
for l in open(sys.argv[1]):
    m=re.match(r'\s+(\S+)\s+->\s+(\S+)\s+(\S+)',l)
    if m and m.group(1)!=m.group(2) and m.group(2).startswith('io.meshage'):
        edges[m.group(1)].add(m.group(2))
def sccs(nodes):
    idx={};low={};st=[];on=set();out=[];c=[0]
    sys.setrecursionlimit(10000)
    def go(v):
        idx[v]=low[v]=c[0];c[0]+=1;st.append(v);on.add(v)
        for w in edges.get(v,()):
            if w not in nodes: continue
            if w not in idx: go(w); low[v]=min(low[v],low[w])
            elif w in on: low[v]=min(low[v],idx[w])
        if low[v]==idx[v]:
            comp=[]
            while True:
                w=st.pop();on.discard(w);comp.append(w)
                if w==v: break
            out.append(comp)
    for v in nodes:
        if v not in idx: go(v)
    return [c for c in out if len(c)>1]
allp=set(edges)|{w for v in edges for w in edges[v]}
internal={p for p in allp if p.startswith('io.meshage.internal')}
print('internal packages:',len(internal))
print('cycles among internal packages:',sccs(internal) or 'none')
print('cycles among all core packages:',sccs(allp) or 'none')
impl={'io.meshage.internal.facade','io.meshage.internal.cluster','io.meshage.internal.rpc','io.meshage.internal.group','io.meshage.internal.file'}
bad=[(a,b) for a in sorted(internal-impl) for b in sorted(edges.get(a,())) if b in impl]
print('inner internal packages depending on a facade implementation package:',bad or 'none')
pub={'io.meshage','io.meshage.command','io.meshage.rpc','io.meshage.group','io.meshage.file'}
up=[(a,b) for a in sorted(pub) for b in sorted(edges.get(a,())) if b in impl]
print('public packages depending on a facade implementation package:',up or 'none')
deep=[(a,b) for a in sorted(pub) for b in sorted(edges.get(a,())) if b.startswith('io.meshage.internal') and b not in impl]
print('public packages depending on other internal packages:',deep or 'none')

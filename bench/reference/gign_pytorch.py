"""Reference side of `npm run bench -- gign`: the ORIGINAL GIGN pipeline and model on PyTorch (CPU, 1 thread).

Runs, on the 50 GIGN toy-set complexes of the shared data, with the original code in
$COMPASS_DATA_DIR/gign-reference (gign-original + tools/common.py, which pins torch to one thread):
  * the whole path from files to pK: PyMOL pocket, Open Babel ligand, RDKit + graph (mols2graphs, one process),
    loading the graphs and predicting with the three checkpoints;
  * forward throughput: each graph alone, and batches of 32 (Batch.from_data_list), model.eval(), no_grad;
  * train-step throughput: model.train(), Adam, MSE on batches of 32.
Prints one JSON object on stdout. Usage: python3 gign_pytorch.py <shared data dir> <scratch dir>
Never needed by the product; the bench skips this column when Python, torch, RDKit or PyMOL are absent.
"""
import gzip, json, os, shutil, sys, time

data_dir, scratch = sys.argv[1], sys.argv[2]
ref = os.path.join(data_dir, 'gign-reference')
sys.path.insert(0, os.path.join(ref, 'tools'))
import common as C  # noqa: E402  (original GIGN modules, torch.set_num_threads(1))
import pandas as pd  # noqa: E402
import torch  # noqa: E402
from torch_geometric.data import Batch  # noqa: E402  (the shim with PyG's batching)

toy = os.path.join(data_dir, 'gign-toyset')
labels = pd.read_csv(os.path.join(toy, 'labels.csv'))
labels.columns = [c.strip() for c in labels.columns]
id_col = labels.columns[0]
pk_col = [c for c in labels.columns if c != id_col][-1]
work = os.path.join(scratch, 'toy')
os.makedirs(work, exist_ok=True)
rows = []
for cid, pk in zip(labels[id_col], labels[pk_col]):
    src = os.path.join(toy, 'complexes', cid)
    dst = os.path.join(work, cid)
    os.makedirs(dst, exist_ok=True)
    with gzip.open(os.path.join(src, f'{cid}_protein.pdb.gz'), 'rb') as fi, open(os.path.join(dst, f'{cid}_protein.pdb'), 'wb') as fo:
        shutil.copyfileobj(fi, fo)
    shutil.copyfile(os.path.join(src, f'{cid}_ligand.mol2'), os.path.join(dst, f'{cid}_ligand.mol2'))
    rows.append({'pdbid': cid, '-logKd/Ki': float(pk)})
df = pd.DataFrame(rows)

t0 = time.perf_counter()
C.gp.generate_pocket(data_dir=work, distance=5)
C.gp.generate_complex(work, df, distance=5, input_ligand_format='mol2')
for _, r in df.iterrows():
    cid = r['pdbid']
    cdir = os.path.join(work, cid)
    C.safe_mols2graphs(os.path.join(cdir, f'{cid}_5A.rdkit'), r['-logKd/Ki'], os.path.join(cdir, f'Graph_GIGN-{cid}_5A.pyg'))
t_feat = time.perf_counter() - t0
preds, _ = C.predict(work, df)
t_all = time.perf_counter() - t0

graphs = [torch.load(os.path.join(work, c, f'Graph_GIGN-{c}_5A.pyg')) for c in df['pdbid'] if c in preds]
model = C.GIGN(35, 256)
C.load_model_dict(model, C.CKPTS[0])
model.eval()


def timed(fn, min_s=2.0):
    fn()  # warm-up
    n, t = 0, time.perf_counter()
    while time.perf_counter() - t < min_s:
        fn()
        n += 1
    return (time.perf_counter() - t) / n


with torch.no_grad():
    single = timed(lambda: [model(Batch.from_data_list([g])) for g in graphs]) / len(graphs)
    b32 = Batch.from_data_list((graphs * 2)[:32])
    batch32 = timed(lambda: model(b32)) / 32
model.train()
opt = torch.optim.Adam(model.parameters(), lr=5e-4)
y = torch.tensor([float(g.y) for g in (graphs * 2)[:32]])


def step():
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(model(b32), y)
    loss.backward()
    opt.step()


train32 = timed(step) / 32
print(json.dumps({
    'torch': torch.__version__, 'threads': torch.get_num_threads(), 'complexes': len(graphs),
    'pipeline_featurise_s': t_feat, 'pipeline_total_s': t_all,
    'forward_single_s': single, 'forward_batch32_s': batch32, 'train_batch32_s': train32,
}))

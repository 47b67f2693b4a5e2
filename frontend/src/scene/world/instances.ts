// Repeated props as one InstancedMesh per geometry and material, built once and static.
import { InstancedMesh, Matrix4, Quaternion, Vector3, type BufferGeometry, type Material } from "three";

export interface Placement {
  position: Vector3;
  quaternion: Quaternion;
  scale: Vector3;
}

export function placement(position = new Vector3(), quaternion = new Quaternion(), scale = new Vector3(1, 1, 1)): Placement {
  return { position, quaternion, scale };
}

/** One static InstancedMesh, or null when there is nothing to place (the geometry and
 * material are then disposed here, so nothing leaks). */
export function instanced(
  geometry: BufferGeometry,
  material: Material,
  placements: readonly Placement[],
  shadows = true,
): InstancedMesh | null {
  if (placements.length === 0) {
    geometry.dispose();
    material.dispose();
    return null;
  }
  const mesh = new InstancedMesh(geometry, material, placements.length);
  const m = new Matrix4();
  placements.forEach((p, i) => mesh.setMatrixAt(i, m.compose(p.position, p.quaternion, p.scale)));
  mesh.instanceMatrix.needsUpdate = true;
  mesh.computeBoundingSphere();
  mesh.castShadow = shadows;
  mesh.receiveShadow = shadows;
  mesh.matrixAutoUpdate = false;
  return mesh;
}

/** A deterministic pseudo-random sequence (mulberry32), for scenery that must not change
 * between visits. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

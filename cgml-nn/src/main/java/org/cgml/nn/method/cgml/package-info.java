/**
 * cGML (Ramasinghe et al., ICLR 2021): Algorithm 1 ({@link org.cgml.nn.method.cgml.Cgml.Model#trainStep}: the search
 * from the best of m starts, the l inner steps, Z's fit on the steps or as a flow, H and G's fit at z_l) and Eq. 4
 * ({@link org.cgml.nn.method.cgml.LatentDynamics}), with the graph pieces they run
 * ({@link org.cgml.nn.method.cgml.CgmlGraph}).
 */
package org.cgml.nn.method.cgml;

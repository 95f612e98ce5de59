// SPDX-License-Identifier: GPL-3.0
/*
    Copyright 2021 0KIMS association.

    This file is generated with [snarkJS](https://github.com/iden3/snarkjs).

    snarkJS is a free software: you can redistribute it and/or modify it
    under the terms of the GNU General Public License as published by
    the Free Software Foundation, either version 3 of the License, or
    (at your option) any later version.

    snarkJS is distributed in the hope that it will be useful, but WITHOUT
    ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
    or FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public
    License for more details.

    You should have received a copy of the GNU General Public License
    along with snarkJS. If not, see <https://www.gnu.org/licenses/>.
*/

pragma solidity >=0.7.0 <0.9.0;

contract JobReceiptVerifier {
    // Scalar field size
    uint256 constant r    = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    // Base field size
    uint256 constant q   = 21888242871839275222246405745257275088696311157297823662689037894645226208583;

    // Verification Key data
    uint256 constant alphax  = 1571449633450049924416811401835334505457386566071800591102618651525607140197;
    uint256 constant alphay  = 16356112206227128169808999808839001630554389422236511450637872197983666083985;
    uint256 constant betax1  = 14730432883888084420691794478482455811002204356294029852433188492128662995027;
    uint256 constant betax2  = 18540616599217604440619652692814994229093292299097117608051993908850916740338;
    uint256 constant betay1  = 12945413194560043810744657610652606474333179259027029998491633904814577090948;
    uint256 constant betay2  = 11080749119518756750200685013032836178664342470268160659772450304870735007814;
    uint256 constant gammax1 = 11559732032986387107991004021392285783925812861821192530917403151452391805634;
    uint256 constant gammax2 = 10857046999023057135944570762232829481370756359578518086990519993285655852781;
    uint256 constant gammay1 = 4082367875863433681332203403145435568316851327593401208105741076214120093531;
    uint256 constant gammay2 = 8495653923123431417604973247489272438418190587263600148770280649306958101930;
    uint256 constant deltax1 = 16765551227507979438385650918915720114428948269485397364907350584114179263154;
    uint256 constant deltax2 = 1193335563244333461114810197220737548162776672525157113411318190163023506023;
    uint256 constant deltay1 = 19254488346975943933706221838293609261009790297017335427823080681585011245271;
    uint256 constant deltay2 = 13139779554940624212624763503611527304550290458945238363706816988740987780478;

    
    uint256 constant IC0x = 7743071264704788903596780715443927173676383488546351804171541211225334595699;
    uint256 constant IC0y = 1108823549172324654668883070546918680003727978756726947075616138398871138036;
    
    uint256 constant IC1x = 20887786185544032473865713321823587704759256705433817381258632966993555853329;
    uint256 constant IC1y = 5948860933341899290897659826304426696583999402888884072219202017165009485965;
    
    uint256 constant IC2x = 8192282526641889666079553234948070071139403993451022898615973975679845258592;
    uint256 constant IC2y = 6115904200058218046176998392185801694698343314803392045106540129165126038934;
    
    uint256 constant IC3x = 10926949660732401551186923745604156394265456425596854821117831431885059515867;
    uint256 constant IC3y = 3186410042997860423470962993795378223880461441128025256109017548211870118512;
    
    uint256 constant IC4x = 9812894175683096374921416782226028983308343317060919643030739549432857571740;
    uint256 constant IC4y = 12385591280538550991480492614414821161299117446329523285583570218581579069773;
    
    uint256 constant IC5x = 19137496918573040037453500166290108473445011956938578506546236116049107508629;
    uint256 constant IC5y = 20263879749589228378158968665580165911309566940657730095167633260434852688199;
    
    uint256 constant IC6x = 12299131971672228427289796306655791114985831330228784084070600275026799704628;
    uint256 constant IC6y = 14068666458582626558480841170362109742314468639158230625582919363979907370738;
    
    uint256 constant IC7x = 8154988410493807365412149366029103734513550612321685582005645963474262441596;
    uint256 constant IC7y = 3951986286555756377204198801095389331493464494442123050754796891549482171890;
    
    uint256 constant IC8x = 559890506638205237244462363561549342605406987488316865119835249371385912710;
    uint256 constant IC8y = 2853435675574246269270219324652298014982794863493566236047517653804625328983;
    
    uint256 constant IC9x = 5280033191605485708542111976918153942344510894594058615475564237079742786404;
    uint256 constant IC9y = 11385905847006956578991907991638433054534999860125661269515775891506442817857;
    
    uint256 constant IC10x = 8603493654572764876708461019479139079360002610947559948409297235270727336124;
    uint256 constant IC10y = 4199500056282846236042927688547393591885416357772463151081090476818061174149;
    
 
    // Memory data
    uint16 constant pVk = 0;
    uint16 constant pPairing = 128;

    uint16 constant pLastMem = 896;

    function verifyProof(uint[2] calldata _pA, uint[2][2] calldata _pB, uint[2] calldata _pC, uint[10] calldata _pubSignals) public view returns (bool) {
        assembly {
            function checkField(v) {
                if iszero(lt(v, r)) {
                    mstore(0, 0)
                    return(0, 0x20)
                }
            }
            
            // G1 function to multiply a G1 value(x,y) to value in an address
            function g1_mulAccC(pR, x, y, s) {
                let success
                let mIn := mload(0x40)
                mstore(mIn, x)
                mstore(add(mIn, 32), y)
                mstore(add(mIn, 64), s)

                success := staticcall(sub(gas(), 2000), 7, mIn, 96, mIn, 64)

                if iszero(success) {
                    mstore(0, 0)
                    return(0, 0x20)
                }

                mstore(add(mIn, 64), mload(pR))
                mstore(add(mIn, 96), mload(add(pR, 32)))

                success := staticcall(sub(gas(), 2000), 6, mIn, 128, pR, 64)

                if iszero(success) {
                    mstore(0, 0)
                    return(0, 0x20)
                }
            }

            function checkPairing(pA, pB, pC, pubSignals, pMem) -> isOk {
                let _pPairing := add(pMem, pPairing)
                let _pVk := add(pMem, pVk)

                mstore(_pVk, IC0x)
                mstore(add(_pVk, 32), IC0y)

                // Compute the linear combination vk_x
                
                g1_mulAccC(_pVk, IC1x, IC1y, calldataload(add(pubSignals, 0)))
                
                g1_mulAccC(_pVk, IC2x, IC2y, calldataload(add(pubSignals, 32)))
                
                g1_mulAccC(_pVk, IC3x, IC3y, calldataload(add(pubSignals, 64)))
                
                g1_mulAccC(_pVk, IC4x, IC4y, calldataload(add(pubSignals, 96)))
                
                g1_mulAccC(_pVk, IC5x, IC5y, calldataload(add(pubSignals, 128)))
                
                g1_mulAccC(_pVk, IC6x, IC6y, calldataload(add(pubSignals, 160)))
                
                g1_mulAccC(_pVk, IC7x, IC7y, calldataload(add(pubSignals, 192)))
                
                g1_mulAccC(_pVk, IC8x, IC8y, calldataload(add(pubSignals, 224)))
                
                g1_mulAccC(_pVk, IC9x, IC9y, calldataload(add(pubSignals, 256)))
                
                g1_mulAccC(_pVk, IC10x, IC10y, calldataload(add(pubSignals, 288)))
                

                // -A
                mstore(_pPairing, calldataload(pA))
                mstore(add(_pPairing, 32), mod(sub(q, calldataload(add(pA, 32))), q))

                // B
                mstore(add(_pPairing, 64), calldataload(pB))
                mstore(add(_pPairing, 96), calldataload(add(pB, 32)))
                mstore(add(_pPairing, 128), calldataload(add(pB, 64)))
                mstore(add(_pPairing, 160), calldataload(add(pB, 96)))

                // alpha1
                mstore(add(_pPairing, 192), alphax)
                mstore(add(_pPairing, 224), alphay)

                // beta2
                mstore(add(_pPairing, 256), betax1)
                mstore(add(_pPairing, 288), betax2)
                mstore(add(_pPairing, 320), betay1)
                mstore(add(_pPairing, 352), betay2)

                // vk_x
                mstore(add(_pPairing, 384), mload(add(pMem, pVk)))
                mstore(add(_pPairing, 416), mload(add(pMem, add(pVk, 32))))


                // gamma2
                mstore(add(_pPairing, 448), gammax1)
                mstore(add(_pPairing, 480), gammax2)
                mstore(add(_pPairing, 512), gammay1)
                mstore(add(_pPairing, 544), gammay2)

                // C
                mstore(add(_pPairing, 576), calldataload(pC))
                mstore(add(_pPairing, 608), calldataload(add(pC, 32)))

                // delta2
                mstore(add(_pPairing, 640), deltax1)
                mstore(add(_pPairing, 672), deltax2)
                mstore(add(_pPairing, 704), deltay1)
                mstore(add(_pPairing, 736), deltay2)


                let success := staticcall(sub(gas(), 2000), 8, _pPairing, 768, _pPairing, 0x20)

                isOk := and(success, mload(_pPairing))
            }

            let pMem := mload(0x40)
            mstore(0x40, add(pMem, pLastMem))

            // Validate that all evaluations ∈ F
            
            checkField(calldataload(add(_pubSignals, 0)))
            
            checkField(calldataload(add(_pubSignals, 32)))
            
            checkField(calldataload(add(_pubSignals, 64)))
            
            checkField(calldataload(add(_pubSignals, 96)))
            
            checkField(calldataload(add(_pubSignals, 128)))
            
            checkField(calldataload(add(_pubSignals, 160)))
            
            checkField(calldataload(add(_pubSignals, 192)))
            
            checkField(calldataload(add(_pubSignals, 224)))
            
            checkField(calldataload(add(_pubSignals, 256)))
            
            checkField(calldataload(add(_pubSignals, 288)))
            

            // Validate all evaluations
            let isValid := checkPairing(_pA, _pB, _pC, _pubSignals, pMem)

            mstore(0, isValid)
             return(0, 0x20)
         }
     }
 }
